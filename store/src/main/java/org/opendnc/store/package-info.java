/**
 * JDBC persistence of the register: the append-only event log, check receipts and citizen
 * requests, on SQLite or PostgreSQL, with Flyway migrations.
 */
package org.opendnc.store;
