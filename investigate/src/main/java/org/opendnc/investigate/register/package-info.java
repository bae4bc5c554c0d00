/**
 * The register as the investigation reads it: the latest registration of each number, and the
 * history of called numbers to judge calls made while opposed.
 */
package org.opendnc.investigate.register;
