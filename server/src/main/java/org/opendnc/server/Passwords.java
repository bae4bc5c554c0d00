package org.opendnc.server;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;

/**
 * Portal passwords, hashed with Argon2id by password4j (OWASP's minimum: 19 MiB, 2 passes, one
 * lane) and stored as PHC strings, so the parameters can be raised later without breaking old
 * hashes. Thread-safe.
 */
final class Passwords {

  static final int MEMORY_KIBIBYTES = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int HASH_BYTES = 32;
  static final int SALT_BYTES = 16;
  /** The shortest password accepted. */
  static final int MIN_LENGTH = 12;
  private static final int ONE_TIME_LENGTH = 20;
  private static final String ONE_TIME_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(MEMORY_KIBIBYTES, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);
  /** Checked against when the account does not exist, so timing does not tell accounts apart. */
  private static final String DECOY_HASH = hash("decoy password that matches nothing");

  private Passwords() {}

  static String hash(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
  }

  /** Whether {@code password} matches {@code hash}; a malformed hash matches nothing. */
  static boolean matches(String password, String hash) {
    try {
      return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Spends the time of one check, for a login to an account that does not exist. */
  static void checkDecoy(String password) {
    matches(password, DECOY_HASH);
  }

  /** A random password to be shown once and then changed: 20 characters, about 116 bits. */
  static String oneTime() {
    StringBuilder password = new StringBuilder(ONE_TIME_LENGTH);
    for (int i = 0; i < ONE_TIME_LENGTH; i++) {
      password.append(ONE_TIME_ALPHABET.charAt(RANDOM.nextInt(ONE_TIME_ALPHABET.length())));
    }
    return password.toString();
  }
}
