/**
 * The register's transparency log: RFC 6962 Merkle tree hashing and proofs, C2SP checkpoints signed
 * as notes, tlog-tiles, and the offline verifier. Depends on the JDK only.
 */
package org.opendnc.ledger;
