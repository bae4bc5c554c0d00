/** Signed check receipts: their content, canonical bytes, Ed25519 signing and verification. */
package org.opendnc.core.receipt;
