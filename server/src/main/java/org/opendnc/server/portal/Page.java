package org.opendnc.server.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every page's layout needs: the language, the title, where the page is (for the language
 * switch and the navigation), the session's CSRF token for forms, and who is signed in.
 *
 * @param t the messages of the page's language
 * @param titleKey the message key of the page's title
 * @param path the page's path, e.g. {@code /operator/keys}
 * @param csrf the session's CSRF token for the page's forms, or {@code null} when it has none
 * @param user the signed-in account's username, or {@code null}
 * @param role {@code ADMIN}, {@code OPERATOR}, {@code REGULATOR} or {@code null} when nobody is
 *     signed in
 * @param operator the signed-in operator account's operator id, or {@code null}
 * @param developmentOutbox whether citizens' codes go to the development SMS outbox
 */
public record Page(Messages t, String titleKey, String path, String csrf, String user, String role,
    String operator, boolean developmentOutbox) {

  /** The page's title in its language. */
  public String title() {
    return t.text(titleKey);
  }

  /** Whether someone is signed in. */
  public boolean signedIn() {
    return user != null;
  }

  /** Whether the register's staff is signed in. */
  public boolean admin() {
    return "ADMIN".equals(role);
  }

  /** Whether a regulator's account is signed in. */
  public boolean regulator() {
    return "REGULATOR".equals(role);
  }

  /** Whether an operator's account is signed in. */
  public boolean operatorSignedIn() {
    return "OPERATOR".equals(role);
  }

  /** The link that shows this page in another language. */
  public String languageLink(String language) {
    return "/lang/" + language + "?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }

  /** Whether the navigation link to {@code section} is the current page's section. */
  public boolean current(String section) {
    return path.equals(section) || path.startsWith(section + "/");
  }

  /** {@code page} when the link is the current page, for {@code aria-current}; else null. */
  public String ariaCurrent(String link) {
    return path.equals(link) ? "page" : null;
  }
}
