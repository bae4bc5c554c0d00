/** End-to-end check (scrub) benchmarks against peers: DuckDB, PostgreSQL and a naive libphonenumber baseline. */
package org.opendnc.bench;
