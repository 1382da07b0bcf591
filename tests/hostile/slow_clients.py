"""slow_clients.py HOST PORT N_SLOW N_CHECKS - N_SLOW connections that
send half a request and then a byte now and then (never finishing it,
never idle long enough for an idle timeout); meanwhile N_CHECKS plain
GET /healthz requests, one after the other.  Prints how many were
answered 200 (each given up to 20 s: a hang guard, not a measure).
Prints "ok - ..." or "not ok - ..." and "N passed, N failed"."""
import socket, sys, threading, time

host, port, n_slow, n_checks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
stop = threading.Event()
opened = []

def slow():
    socks = []
    for _ in range(n_slow):
        try:
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            socks.append(s)
        except OSError:
            pass
    opened.append(len(socks))
    while not stop.is_set():  # one more byte every 2 s, on each connection still open
        for s in list(socks):
            try:
                s.sendall(b"a")
            except OSError:
                socks.remove(s)
        stop.wait(2)
    for s in socks:
        s.close()

def healthz():
    try:
        s = socket.create_connection((host, port), timeout=20)
        s.settimeout(20)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        return data.startswith(b"HTTP/1.1 200")
    except OSError:
        return False

t = threading.Thread(target=slow)
t.start()
while not opened:
    time.sleep(0.05)
answered = sum(healthz() for _ in range(n_checks))
stop.set()
t.join()
ok = answered == n_checks
print("%s - %d slow clients (%d connected): /healthz answered %d of %d times" %
      ("ok" if ok else "not ok", n_slow, opened[0], answered, n_checks))
print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
sys.exit(0 if ok else 1)
