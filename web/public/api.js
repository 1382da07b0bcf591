/*
 * api.js - calls to the JSON API (docs/http.md) and its errors in Arabic.
 * A failed call throws {status, code, arabic, detail}: `arabic` says what
 * happened to the reader, `detail` is the server's own (English) words.
 */
import { el, bdi, clear } from './dom.js';

/* One sentence per error code of docs/http.md. */
const ERROR_TEXT = {
  missing_parameter: 'اكتب كلمة للبحث.',
  bad_parameter: 'أحد خيارات البحث أو التصفية غير صالح.',
  unknown_parameter: 'الطلب يحوي خياراً لا يعرفه الخادم.',
  duplicate_parameter: 'الطلب يكرّر أحد الخيارات.',
  too_many_parameters: 'الطلب يحوي خيارات أكثر من المسموح.',
  invalid_utf8: 'نص البحث يحوي رموزاً غير صالحة.',
  control_character: 'نص البحث يحوي رموزاً غير صالحة.',
  bad_query: 'صيغة البحث غير صحيحة.',
  too_long: 'نص البحث أطول من المسموح.',
  bad_path: 'عنوان الطلب غير صالح.',
  not_found: 'لم يُعثر على المطلوب.',
  method_not_allowed: 'الخادم لا يقبل هذا النوع من الطلبات.',
  misdirected_host: 'رفض الخادم الطلب لأنّه جاء باسم مضيف غير محلي.',
  body_not_accepted: 'الخادم لا يقبل طلبات تحمل بيانات.',
  store_error: 'تعذّرت القراءة من قاعدة البيانات. أعد المحاولة بعد قليل.',
  store_unavailable: 'قاعدة البيانات غير متاحة الآن. أعد المحاولة بعد قليل.',
  too_expensive: 'هذا البحث يتطلب عملاً أكثر من المسموح لطلب واحد. أضف كلمات أو عبارة أو تصفية لتضييقه.',
  busy: 'الخادم مشغول بطلبات كثيرة الآن. أعد المحاولة بعد قليل.',
};

function arabicFor(status, code) {
  if (ERROR_TEXT[code]) return ERROR_TEXT[code];
  if (status >= 500) return 'حدث خطأ في الخادم (' + status + '). أعد المحاولة بعد قليل.';
  if (status === 404) return ERROR_TEXT.not_found;
  return 'رفض الخادم الطلب (' + status + ').';
}

export async function api(path) {
  let resp;
  try {
    resp = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw { status: 0, code: '', arabic: 'تعذّر الاتصال بالخادم. تأكّد من أنّه يعمل ثم أعد المحاولة.', detail: String(e) };
  }
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok || !body) {
    const err = (body && body.error) || {};
    const code = typeof err.code === 'string' ? err.code : '';
    const message = typeof err.message === 'string' ? err.message : (resp.ok ? 'invalid JSON' : resp.statusText);
    throw {
      status: resp.status,
      code: code,
      arabic: resp.ok ? 'جاء ردّ الخادم بصيغة غير مفهومة.' : arabicFor(resp.status, code),
      detail: [resp.status, code, message].filter(Boolean).join(' '),
    };
  }
  return body;
}

/* An error for the reader, into node: the Arabic sentence, then the
 * server's detail left-to-right in its own isolate, so its Latin text
 * never reorders the Arabic around it. */
export function fillError(node, e) {
  clear(node);
  node.classList.add('error');
  node.appendChild(el('strong', 'arabic', (e && e.arabic) || 'حدث خطأ.'));
  if (e && e.detail) {
    node.appendChild(document.createTextNode(' '));
    node.appendChild(bdi(e.detail, 'detail', 'ltr'));
  }
  return node;
}
