/** JDBC persistence of the register: the append-only event log and check receipts, on SQLite or
 * PostgreSQL, with Flyway migrations. */
package org.opendnc.store;
