/**
 * Findings on the records of a case: consents that are missing, shared, backdated or revoked by a
 * registration, and the firms holding the regulator's honeypot numbers.
 */
package org.opendnc.investigate.findings;
