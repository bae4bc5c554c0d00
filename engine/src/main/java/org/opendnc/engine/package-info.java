/**
 * The register's services on top of core and store: opening a register (store, key, index from
 * snapshot plus replay), bulk import, checks that write signed receipts, and their verification.
 */
package org.opendnc.engine;
