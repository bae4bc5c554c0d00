/**
 * Register events (REGISTER, RENEW, ALLOW, DISALLOW, CANCEL) and the rules that derive a number's
 * opposition at a point in time from its history.
 */
package org.opendnc.core.register;
