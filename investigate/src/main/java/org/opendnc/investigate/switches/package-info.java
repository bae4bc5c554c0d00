/**
 * Reverse switches: supply points (POD, PDR) moved from supplier A to B and back to A within a
 * window, grouped per firm and agent, with the commissions at stake.
 */
package org.opendnc.investigate.switches;
