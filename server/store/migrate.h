/* Schema migrations and reference data, applied at start-up. */
#ifndef LA_STORE_MIGRATE_H
#define LA_STORE_MIGRATE_H

/* Applies, under a PostgreSQL advisory lock (several daemons may start at once), each
 * sql_dir/migrations/NNNN_name.sql not yet recorded in schema_migrations, in name order, each
 * in its own transaction; then each sql_dir/reference/name.sql not yet recorded, likewise;
 * then `views` (the api's views, replaced at every start; NULL: none), in one transaction.
 * A recorded file whose checksum changed is reported and refused (migrations are never
 * edited once landed). Scripts may hold COPY ... FROM stdin blocks. 0 on success, -2 when
 * PostgreSQL cannot be reached, -1 when a script failed. */
int db_migrate(const char *sql_dir, const char *views);

#endif
