/**
 * Jurisdiction profiles: what differs between national registers (numbering region, how long a
 * check protects the operator), loaded from data files rather than written as code.
 */
package org.opendnc.core.profile;
