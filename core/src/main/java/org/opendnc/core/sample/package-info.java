/** Seeded, deterministic sample data for tests and benchmarks: register import files and operators' call lists. */
package org.opendnc.core.sample;
