/**
 * Generated cases with a known truth: a broker never seized, firms passing lists on with their own
 * schemas and quirks, forged and backdated consents, honeypots and reverse switches.
 */
package org.opendnc.investigate.sample;
