/**
 * The consent ledger: consents, withdrawals, contracts and list transfers committed to the
 * register's transparency log, and the lawful bases that checks honour (decision 0018).
 */
package org.opendnc.engine.consent;
