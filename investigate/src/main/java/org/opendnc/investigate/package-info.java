/**
 * Seized-database forensics: reads a case folder of firms' exports and finds how contact lists
 * moved between firms, forged or revoked consents, honeypot hits, reverse switches and exposure.
 */
package org.opendnc.investigate;
