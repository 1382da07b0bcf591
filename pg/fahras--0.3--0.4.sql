-- fahras--0.3--0.4.sql - upgrade the fahras extension from 0.3 to 0.4:
-- the statistics tables are writable by the users of the database (a
-- superuser creates the extension, the store's owner writes them).

\echo Use "ALTER EXTENSION fahras UPDATE TO '0.4'" to load this file. \quit

GRANT SELECT, INSERT, UPDATE, DELETE ON fahras_collection, fahras_lexeme TO PUBLIC;
