/**
 * Telephone numbers: lenient parsing of user input into E.164 held as a {@code long}, validity and
 * type decided by libphonenumber, with a measured fast path for the common forms.
 */
package org.opendnc.core.number;
