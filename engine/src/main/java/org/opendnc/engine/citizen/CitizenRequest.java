package org.opendnc.engine.citizen;

import java.util.List;
import org.opendnc.core.register.Channel;

/**
 * What a citizen asks for, as the web form, the API or the phone menu received it.
 *
 * @param action what to do with the numbers
 * @param numbers 1 to {@link CitizenConfig#maxNumbers()} numbers, as typed (lenient: spaces, +39)
 * @param operator the operator for ALLOW and DISALLOW; {@code null} otherwise. The caller should
 *     check it names a known operator; here it must only be 1 to 100 printable characters
 * @param proof how the citizen proves each line
 * @param channel WEB, API or PHONE: recorded on the register events
 */
public record CitizenRequest(
    CitizenAction action, List<String> numbers, String operator, ProofMethod proof, Channel channel) {}
