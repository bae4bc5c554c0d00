package org.opendnc.core.number;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Seeded generator of mixed valid and invalid phone-number cells for one default region: real
 * prefixes from libphonenumber's example numbers rendered in many formats, random digit strings,
 * and mutations with junk characters.
 */
final class NumberInputGenerator {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String[] SEPARATORS = {" ", " ", "-", ".", "/", "", "  ", " - "};
  private static final String[] JUNK = {
    "a", "x", "X", "#", "*", ",", ";", "~", "\t", "_", "[", "]", "+", "++", "(", ")", "'", "\"",
    "\u00a0", "\uff0b", "\u0663", "\uff13", "e", "tel:", "ext", "\u2013", ":", "=", "\\", "|"
  };
  private static final String[] SUFFIXES = {
    " ext. 12", " x12", " #", ";ext=12", ",,12", " ext 1234", "#12", " / 333 1234567", " ", "-",
    ")", ".", " x", " abc", ";isub=12", "\t", "'"
  };
  private static final String[] PREFIXES = {
    "tel:", "Tel. ", "\uff0b", "(", "-", " ", ".", "++", "+ ", "00", "0", "1", "'", "\"", "\t"
  };

  private final Random random;
  private final String region;
  private final int homeCode;
  private final String nationalPrefix;
  private final String[] idds;
  private final List<PhoneNumber> home = new ArrayList<>();
  private final List<PhoneNumber> foreign = new ArrayList<>();

  NumberInputGenerator(long seed, String region) {
    this.random = new Random(seed);
    this.region = region;
    this.homeCode = UTIL.getCountryCodeForRegion(region);
    this.nationalPrefix = nationalPrefixOf(region);
    this.idds = new String[] {"00", "011", "0011", "000", "010", "00 ", "011 "};
    for (PhoneNumberType type : PhoneNumberType.values()) {
      PhoneNumber example = UTIL.getExampleNumberForType(region, type);
      if (example != null) {
        home.add(example);
      }
    }
    for (String other : new TreeSet<>(UTIL.getSupportedRegions())) {
      for (PhoneNumberType type : List.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)) {
        PhoneNumber example = UTIL.getExampleNumberForType(other, type);
        if (example != null) {
          foreign.add(example);
        }
      }
    }
    for (int code : new TreeSet<>(UTIL.getSupportedGlobalNetworkCallingCodes())) {
      PhoneNumber example = UTIL.getExampleNumberForNonGeoEntity(code);
      if (example != null) {
        foreign.add(example);
      }
    }
  }

  private static String nationalPrefixOf(String region) {
    String prefix = UTIL.getNddPrefixForRegion(region, true);
    return prefix == null ? "" : prefix;
  }

  String next() {
    int kind = random.nextInt(100);
    String input;
    if (kind < 55) {
      input = render(homeCode, mutateDigits(nsn(pick(home))), true);
    } else if (kind < 75) {
      PhoneNumber number = pick(foreign);
      input = render(number.getCountryCode(), mutateDigits(nsn(number)), false);
    } else if (kind < 90) {
      input = decorate(group(randomDigits(random.nextInt(21))));
      if (random.nextInt(4) == 0) {
        input = "+" + input;
      }
    } else {
      input = randomJunk();
    }
    if (random.nextInt(4) == 0) {
      input = mutateText(input);
    }
    return input;
  }

  private String nsn(PhoneNumber number) {
    return UTIL.getNationalSignificantNumber(number);
  }

  /** Keeps a real prefix and randomises the rest; sometimes changes the length. */
  private String mutateDigits(String nsn) {
    StringBuilder digits = new StringBuilder(nsn);
    int keep = Math.min(digits.length(), 1 + random.nextInt(Math.max(1, digits.length())));
    for (int i = keep; i < digits.length(); i++) {
      digits.setCharAt(i, (char) ('0' + random.nextInt(10)));
    }
    int change = random.nextInt(10);
    if (change == 0 && digits.length() > 0) {
      digits.deleteCharAt(random.nextInt(digits.length()));
    } else if (change == 1) {
      digits.insert(random.nextInt(digits.length() + 1), (char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  private String render(int countryCode, String nsn, boolean homeNumber) {
    String code = Integer.toString(countryCode);
    String body;
    switch (random.nextInt(homeNumber ? 9 : 6)) {
      case 0 -> body = "+" + code + pickSeparator() + group(nsn);
      case 1 -> body = pick(idds) + code + pickSeparator() + group(nsn);
      case 2 -> body = code + pickSeparator() + group(nsn);
      case 3 -> body = "+" + code + " (0)" + group(nsn);
      case 4 -> body = "+" + code + group(nsn);
      case 5 -> body = group(nsn);
      case 6 -> body = group(nationalPrefix + nsn);
      case 7 -> body = "(" + nationalPrefix + nsn.substring(0, Math.min(2, nsn.length())) + ") "
          + group(nsn.substring(Math.min(2, nsn.length())));
      default -> body = group(nsn);
    }
    return decorate(body);
  }

  private String group(String digits) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    String separator = pickSeparator();
    boolean mixed = random.nextInt(5) == 0;
    while (i < digits.length()) {
      int size = 1 + random.nextInt(4);
      int end = Math.min(digits.length(), i + size);
      if (i > 0) {
        out.append(mixed ? pickSeparator() : separator);
      }
      out.append(digits, i, end);
      i = end;
    }
    return out.toString();
  }

  private String decorate(String body) {
    int choice = random.nextInt(12);
    return switch (choice) {
      case 0 -> "\"" + body + "\"";
      case 1 -> "'" + body + "'";
      case 2 -> "  " + body + "\t";
      case 3 -> " \"" + body + "\" ";
      case 4 -> "-" + body + "-";
      case 5 -> "(" + body;
      case 6 -> body + " ";
      default -> body;
    };
  }

  private String mutateText(String input) {
    StringBuilder text = new StringBuilder(input);
    switch (random.nextInt(7)) {
      case 0 -> text.insert(random.nextInt(text.length() + 1), pick(JUNK));
      case 1 -> text.append(pick(SUFFIXES));
      case 2 -> text.insert(0, pick(PREFIXES));
      case 3 -> {
        if (text.length() > 0) {
          text.deleteCharAt(random.nextInt(text.length()));
        }
      }
      case 4 -> text.insert(random.nextInt(text.length() + 1), (char) ('0' + random.nextInt(10)));
      case 5 -> {
        int at = text.indexOf(Integer.toString(random.nextInt(10)));
        if (at >= 0) {
          text.setCharAt(at, (char) ('\uff10' + (text.charAt(at) - '0')));
        }
      }
      default -> {
        if (text.length() > 0) {
          text.setCharAt(random.nextInt(text.length()), pick(JUNK).charAt(0));
        }
      }
    }
    return text.toString();
  }

  private String randomDigits(int length) {
    StringBuilder digits = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  private String randomJunk() {
    String alphabet = "0123456789 +-.()/abx#*,;'\"\t";
    int length = random.nextInt(16);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private String pickSeparator() {
    return pick(SEPARATORS);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private String pick(String[] array) {
    return array[random.nextInt(array.length)];
  }

  @Override
  public String toString() {
    return "NumberInputGenerator[" + region + "]";
  }
}
