/**
 * Call audits: call records judged against the register's history at call time, checks, consents
 * and contracts under a jurisdiction profile, with reports, evidence exports and complaints.
 */
package org.opendnc.audit;
