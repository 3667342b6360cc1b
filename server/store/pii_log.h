/* The log of staff reads of a case's personal data (pii_reads rows, purpose 'case_read'),
 * written apart from the reads (issue 15).
 *
 * A case read queues its row here, in the daemon's memory, before it is answered; a thread of
 * its own writes the queue to pii_reads in batches, one INSERT and one synchronous commit every
 * PII_LOG_FLUSH_MS at most, on a connection of its own. The read itself is then a plain read:
 * no row written, no transaction, no WAL, in its request.
 *
 * What holds:
 * - every answered read has its row queued first; a row leaves the queue only once its batch
 *   has committed, and a batch that failed is tried again (PostgreSQL away, the table locked);
 * - when the queue is full (the writer has not been able to write for a while), a read is
 *   refused (503) rather than answered unlogged;
 * - on SIGTERM the daemon writes what is queued before it exits (it tries for up to
 *   PII_LOG_STOP_S seconds).
 * What a crash of the daemon itself (kill -9, a fault) loses: the rows of the reads answered in
 * the last moments before it, at most the rows queued since the last batch committed (one
 * PII_LOG_FLUSH_MS plus the time of a commit, or longer only while PostgreSQL could not take
 * them). A crash of PostgreSQL loses nothing committed (the batch's commit waits for the disk).
 * Why acceptable: tests/bench/RESULTS.md, "What a crash may lose". */
#ifndef LA_STORE_PII_LOG_H
#define LA_STORE_PII_LOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PII_LOG_FLUSH_MS 50
#define PII_LOG_STOP_S 10
#define PII_LOG_DEFAULT_CAPACITY 65536

/* Starts the writer with room for `capacity` queued rows (LEGALAID_PII_QUEUE). 0 on success. */
int store_pii_log_start(size_t capacity);
/* Writes what is queued (for up to PII_LOG_STOP_S), then stops the writer. */
void store_pii_log_stop(void);
/* Queues the row of a read about to be answered: false when the queue is full (refuse the
 * read). Without a started writer (tools, tests of the store), writes the row at once on this
 * thread's connection: false when that fails. */
bool store_pii_log_case_read(int64_t user_id, int64_t case_id);

#endif
