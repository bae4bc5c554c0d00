package org.opendnc.core.number;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton over the digits 0-9 compiled from a set of tagged regular expressions,
 * each written in the small regex subset that libphonenumber's metadata uses.
 */
final class DigitAutomaton {

  /*
   * Supported syntax: digit literals, \d, character classes of digits and digit ranges
   * ([0-8], [13-5]), groups ((?:...) and plain (...), which only group here), alternation |, and
   * the greedy quantifiers ?, *, +, {n}, {n,}, {n,m}. Anything else (lazy or possessive
   * quantifiers, anchors, look-arounds, negated classes, other escapes, non-digit literals) throws
   * UnsupportedPatternException, and the caller falls back to libphonenumber for that region.
   *
   * For this subset java.util.regex's matches() accepts a string exactly when the string is in
   * the regular language of the pattern, and lookingAt() reports true exactly when some prefix
   * (possibly empty) is in the language: backtracking only changes which match is found, never
   * whether one exists. That is the only equivalence relied upon.
   *
   * Construction: Thompson NFA (counted repetition is expanded by copying), then the subset
   * construction. Pattern i contributes tag bit i to every DFA state containing its final NFA
   * state, so one pass over a number yields, for every pattern at once, whether it matches the
   * whole number (the tag mask of the end state) and whether it matches some prefix (the OR of the
   * masks along the path). State 0 is the dead state (it loops to itself with mask 0), state 1 the
   * start state, so the matching loop needs no branch. The transition table has a stride of 16
   * and holds target * 16, so one step is a load and an add: next[index + digit] is the index of
   * the next state, and index >>> 4 its number.
   */

  static final int DEAD = 0;
  static final int START = 1;
  static final int DIGITS = 10;
  static final int STRIDE_SHIFT = 4;
  static final int START_INDEX = START << STRIDE_SHIFT;

  private static final int MAX_REPEAT = 40;
  private static final int MAX_NFA_STATES = 200_000;
  private static final int MAX_DFA_STATES = 100_000;
  private static final int ALL_DIGITS = (1 << DIGITS) - 1;

  /** Transition table: {@code next[state * 16 + digit] == nextState * 16}. */
  final int[] next;

  /** Tag mask of each state: bit i set when pattern i accepts the digits read so far. */
  final int[] accept;

  private DigitAutomaton(int[] next, int[] accept) {
    this.next = next;
    this.accept = accept;
  }

  int stateCount() {
    return accept.length;
  }

  /**
   * Runs the automaton over {@code length} digits packed four bits each (most significant nibble
   * first). Returns the end state's mask in bits 0-15 and the OR of the masks of every prefix
   * (including the empty one) in bits 16-31.
   */
  int run(long packedDigits, int length) {
    int[] table = next;
    int[] masks = accept;
    int index = START_INDEX;
    int prefixes = masks[START];
    for (int shift = (length - 1) << 2; shift >= 0; shift -= 4) {
      index = table[index + (int) ((packedDigits >>> shift) & 0xF)];
      prefixes |= masks[index >>> STRIDE_SHIFT];
    }
    return masks[index >>> STRIDE_SHIFT] | (prefixes << 16);
  }

  /**
   * Whether no accepted string is a proper prefix of another accepted string: then lookingAt has
   * at most one possible match end, whatever the backtracking order.
   */
  boolean isPrefixFree() {
    int states = accept.length;
    for (int from = 0; from < states; from++) {
      if (accept[from] == 0) {
        continue;
      }
      boolean[] seen = new boolean[states];
      ArrayDeque<Integer> work = new ArrayDeque<>();
      for (int digit = 0; digit < DIGITS; digit++) {
        work.add(next[(from << STRIDE_SHIFT) + digit] >>> STRIDE_SHIFT);
      }
      while (!work.isEmpty()) {
        int state = work.poll();
        if (seen[state]) {
          continue;
        }
        seen[state] = true;
        if (accept[state] != 0) {
          return false;
        }
        for (int digit = 0; digit < DIGITS; digit++) {
          work.add(next[(state << STRIDE_SHIFT) + digit] >>> STRIDE_SHIFT);
        }
      }
    }
    return true;
  }

  /**
   * Length of the shortest accepted prefix of the packed digits (0 for the empty prefix), or -1 if
   * none. For a prefix-free automaton that is the only accepted prefix.
   */
  int acceptedPrefixLength(long packedDigits, int length) {
    int index = START_INDEX;
    if (accept[START] != 0) {
      return 0;
    }
    for (int i = 0; i < length; i++) {
      int shift = (length - 1 - i) << 2;
      index = next[index + (int) ((packedDigits >>> shift) & 0xF)];
      if (index == DEAD) {
        return -1;
      }
      if (accept[index >>> STRIDE_SHIFT] != 0) {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Compiles the patterns; pattern {@code i} sets tag bit {@code i}. A null pattern never matches;
   * so does an empty one (libphonenumber's RegexBasedMatcher treats an empty national number
   * pattern as matching nothing).
   *
   * @throws UnsupportedPatternException if a pattern is outside the supported subset or too big
   */
  static DigitAutomaton compile(String... patterns) {
    if (patterns.length > 16) {
      throw new IllegalArgumentException("at most 16 tags");
    }
    Nfa nfa = new Nfa();
    int start = nfa.newState();
    for (int i = 0; i < patterns.length; i++) {
      String pattern = patterns[i];
      if (pattern == null || pattern.isEmpty()) {
        continue;
      }
      Node node = new RegexParser(pattern).parse();
      int[] fragment = nfa.build(node);
      nfa.epsilon(start, fragment[0]);
      nfa.tags[fragment[1]] |= 1 << i;
    }
    return determinize(nfa, start);
  }

  private static DigitAutomaton determinize(Nfa nfa, int nfaStart) {
    Map<BitSet, Integer> ids = new HashMap<>();
    List<BitSet> sets = new ArrayList<>();
    BitSet dead = new BitSet();
    ids.put(dead, DEAD);
    sets.add(dead);
    BitSet startSet = new BitSet();
    startSet.set(nfaStart);
    nfa.close(startSet);
    ids.put(startSet, START);
    sets.add(startSet);
    int[] next = new int[64 << STRIDE_SHIFT];
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(START);
    while (!work.isEmpty()) {
      int id = work.poll();
      BitSet set = sets.get(id);
      for (int digit = 0; digit < DIGITS; digit++) {
        BitSet target = new BitSet();
        for (int s = set.nextSetBit(0); s >= 0; s = set.nextSetBit(s + 1)) {
          if ((nfa.edgeMask[s] & (1 << digit)) != 0) {
            target.set(nfa.edgeTarget[s]);
          }
        }
        nfa.close(target);
        Integer targetId = ids.get(target);
        if (targetId == null) {
          targetId = sets.size();
          if (targetId >= MAX_DFA_STATES) {
            throw new UnsupportedPatternException("automaton too large");
          }
          ids.put(target, targetId);
          sets.add(target);
          work.add(targetId);
        }
        int slot = (id << STRIDE_SHIFT) + digit;
        if (slot >= next.length) {
          next = Arrays.copyOf(next, Math.max(slot + 1, next.length * 2));
        }
        next[slot] = targetId << STRIDE_SHIFT;
      }
    }
    int states = sets.size();
    int[] accept = new int[states];
    for (int id = 0; id < states; id++) {
      BitSet set = sets.get(id);
      for (int s = set.nextSetBit(0); s >= 0; s = set.nextSetBit(s + 1)) {
        accept[id] |= nfa.tags[s];
      }
    }
    return new DigitAutomaton(Arrays.copyOf(next, states << STRIDE_SHIFT), accept);
  }

  /** Thrown when a pattern uses syntax this compiler does not reproduce exactly. */
  static final class UnsupportedPatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedPatternException(String message) {
      super(message, null, false, false);
    }
  }

  private sealed interface Node permits CharSet, Sequence, Alternation, Repeat {}

  private record CharSet(int digitMask) implements Node {}

  private record Sequence(List<Node> items) implements Node {}

  private record Alternation(List<Node> choices) implements Node {}

  private record Repeat(Node body, int min, int max) implements Node {}

  /** Recursive-descent parser for the supported subset; max -1 in Repeat means unbounded. */
  private static final class RegexParser {
    private final String text;
    private int position;

    RegexParser(String text) {
      this.text = text;
    }

    Node parse() {
      Node node = alternation();
      if (position != text.length()) {
        throw unsupported();
      }
      return node;
    }

    private Node alternation() {
      List<Node> choices = new ArrayList<>();
      choices.add(sequence());
      while (position < text.length() && text.charAt(position) == '|') {
        position++;
        choices.add(sequence());
      }
      return choices.size() == 1 ? choices.get(0) : new Alternation(choices);
    }

    private Node sequence() {
      List<Node> items = new ArrayList<>();
      while (position < text.length()
          && text.charAt(position) != '|'
          && text.charAt(position) != ')') {
        items.add(repeat());
      }
      return items.size() == 1 ? items.get(0) : new Sequence(items);
    }

    private Node repeat() {
      Node node = atom();
      while (position < text.length()) {
        char c = text.charAt(position);
        int min;
        int max;
        if (c == '?') {
          min = 0;
          max = 1;
          position++;
        } else if (c == '*') {
          min = 0;
          max = -1;
          position++;
        } else if (c == '+') {
          min = 1;
          max = -1;
          position++;
        } else if (c == '{') {
          position++;
          min = number();
          if (peek() == ',') {
            position++;
            max = peek() == '}' ? -1 : number();
          } else {
            max = min;
          }
          expect('}');
        } else {
          break;
        }
        char after = peek();
        if (after == '?' || after == '+') {
          throw unsupported(); // lazy or possessive
        }
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max != -1 && max < min)) {
          throw unsupported();
        }
        node = new Repeat(node, min, max);
      }
      return node;
    }

    private Node atom() {
      char c = peek();
      if (c >= '0' && c <= '9') {
        position++;
        return new CharSet(1 << (c - '0'));
      }
      if (c == '\\') {
        position++;
        expect('d');
        return new CharSet(ALL_DIGITS);
      }
      if (c == '(') {
        position++;
        if (peek() == '?') {
          position++;
          expect(':');
        }
        Node inner = alternation();
        expect(')');
        return inner;
      }
      if (c == '[') {
        position++;
        return charClass();
      }
      throw unsupported();
    }

    private Node charClass() {
      int mask = 0;
      boolean first = true;
      while (true) {
        char c = peek();
        if (c == ']' && !first) {
          position++;
          return new CharSet(mask);
        }
        first = false;
        if (c == '\\') {
          position++;
          expect('d');
          mask |= ALL_DIGITS;
        } else if (c >= '0' && c <= '9') {
          position++;
          int low = c - '0';
          int high = low;
          if (peek() == '-' && position + 1 < text.length() && isDigit(text.charAt(position + 1))) {
            high = text.charAt(position + 1) - '0';
            position += 2;
            if (high < low) {
              throw unsupported();
            }
          }
          for (int d = low; d <= high; d++) {
            mask |= 1 << d;
          }
        } else {
          throw unsupported();
        }
      }
    }

    private int number() {
      int start = position;
      int value = 0;
      while (position < text.length() && isDigit(text.charAt(position)) && position - start < 4) {
        value = value * 10 + (text.charAt(position) - '0');
        position++;
      }
      if (position == start) {
        throw unsupported();
      }
      return value;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private char peek() {
      return position < text.length() ? text.charAt(position) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw unsupported();
      }
      position++;
    }

    private UnsupportedPatternException unsupported() {
      return new UnsupportedPatternException(
          "unsupported regex syntax at " + position + " in " + text);
    }
  }

  /** Thompson NFA: each state has at most one digit-class edge plus any epsilon edges. */
  private static final class Nfa {
    int count;
    int[] edgeMask = new int[256];
    int[] edgeTarget = new int[256];
    int[] tags = new int[256];
    int[][] epsilons = new int[256][];
    int[] epsilonCount = new int[256];

    int newState() {
      if (count == edgeMask.length) {
        if (count >= MAX_NFA_STATES) {
          throw new UnsupportedPatternException("pattern too large");
        }
        int size = count * 2;
        edgeMask = Arrays.copyOf(edgeMask, size);
        edgeTarget = Arrays.copyOf(edgeTarget, size);
        tags = Arrays.copyOf(tags, size);
        epsilons = Arrays.copyOf(epsilons, size);
        epsilonCount = Arrays.copyOf(epsilonCount, size);
      }
      return count++;
    }

    void epsilon(int from, int to) {
      int[] list = epsilons[from];
      if (list == null) {
        list = new int[2];
        epsilons[from] = list;
      } else if (epsilonCount[from] == list.length) {
        list = Arrays.copyOf(list, list.length * 2);
        epsilons[from] = list;
      }
      list[epsilonCount[from]++] = to;
    }

    /** Returns {start, end} of a fresh fragment for the node. */
    int[] build(Node node) {
      switch (node) {
        case CharSet set -> {
          int start = newState();
          int end = newState();
          edgeMask[start] = set.digitMask();
          edgeTarget[start] = end;
          return new int[] {start, end};
        }
        case Sequence sequence -> {
          int start = newState();
          int current = start;
          for (Node item : sequence.items()) {
            int[] fragment = build(item);
            epsilon(current, fragment[0]);
            current = fragment[1];
          }
          return new int[] {start, current};
        }
        case Alternation alternation -> {
          int start = newState();
          int end = newState();
          for (Node choice : alternation.choices()) {
            int[] fragment = build(choice);
            epsilon(start, fragment[0]);
            epsilon(fragment[1], end);
          }
          return new int[] {start, end};
        }
        case Repeat repeat -> {
          int start = newState();
          int current = start;
          for (int i = 0; i < repeat.min(); i++) {
            int[] fragment = build(repeat.body());
            epsilon(current, fragment[0]);
            current = fragment[1];
          }
          if (repeat.max() == -1) {
            int loop = newState();
            int[] fragment = build(repeat.body());
            epsilon(current, loop);
            epsilon(loop, fragment[0]);
            epsilon(fragment[1], loop);
            current = loop;
          } else {
            for (int i = repeat.min(); i < repeat.max(); i++) {
              int[] fragment = build(repeat.body());
              int end = newState();
              epsilon(current, fragment[0]);
              epsilon(current, end);
              epsilon(fragment[1], end);
              current = end;
            }
          }
          return new int[] {start, current};
        }
      }
    }

    /** Adds to the set every state reachable through epsilon edges. */
    void close(BitSet set) {
      ArrayDeque<Integer> stack = new ArrayDeque<>();
      for (int s = set.nextSetBit(0); s >= 0; s = set.nextSetBit(s + 1)) {
        stack.push(s);
      }
      while (!stack.isEmpty()) {
        int s = stack.pop();
        int[] list = epsilons[s];
        for (int i = 0; i < epsilonCount[s]; i++) {
          int t = list[i];
          if (!set.get(t)) {
            set.set(t);
            stack.push(t);
          }
        }
      }
    }
  }
}
