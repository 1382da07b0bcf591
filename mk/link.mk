# Linking the fahras program: read after every mk/*.part.mk so that
# CLI_OBJ and CLI_LIBS hold what each component added.

$(FAHRAS_BIN): $(CLI_OBJ) $(LIB_A)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(LIB_A) $(CLI_LIBS) $(LDFLAGS)
