package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectionParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            #: extraneous key [output_config] is not permitted                                   | output_config
            #: extraneous key [speed] is not permitted, #: extraneous key [x] is not permitted  | speed
            #/tools/3: extraneous key [defer_loading] is not permitted                           | tools.*.defer_loading
            #/messages/0/content/1/cache_control: extraneous key [scope] is not permitted       | messages.*.content.*.cache_control.scope
            tools.3.strict: Extra inputs are not permitted                                        | tools.*.strict
            messages.0.content.1.cache_control.scope: Extra inputs are not permitted              | messages.*.content.*.cache_control.scope
            ***.tools.12.custom.defer_loading: Extra inputs are not permitted                      | tools.*.custom.defer_loading
            ValidationException: context_management: Extra inputs are not permitted               | context_management
            messages: Extra inputs are not permitted                                              | -
            max_tokens: Extra inputs are not permitted                                            | -
            messages.0.content: Extra inputs are not permitted                                    | -
            invalid beta flag                                                                     | -
            Input is too long for requested model.                                                | -
            -                                                                                     | -
            """)
    void findsTheRefusedFieldPath(String message, String expected) {
        assertThat(RejectionParser.rejectedFieldPath(message).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            invalid beta flag                                                   | true
            ValidationException: Invalid Beta Flag                              | true
            anthropic_beta: invalid beta flag: claude-code-20250219            | true
            tools.3.strict: Extra inputs are not permitted                      | false
            -                                                                   | false
            """)
    void recognisesInvalidBetas(String message, boolean expected) {
        assertThat(RejectionParser.isInvalidBeta(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Input is too long for requested model.                                       | true
            prompt is too long: 215030 tokens > 200000 maximum                           | true
            PROMPT IS TOO LONG                                                           | true
            Too many input tokens                                                        | true
            The request exceeds the context window of the model                          | true
            This model's maximum context length is 200000 tokens                         | true
            input length and `max_tokens` exceed context limit: 188059 + 20000 > 200000  | false
            messages.0.content: Field required                                           | false
            -                                                                            | false
            """)
    void recognisesContextOverflow(String message, boolean expected) {
        assertThat(RejectionParser.isContextOverflow(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Payload too large                                                            | true
            The request payload size exceeds the maximum of 20MB                         | true
            413 Request Entity Too Large                                                 | true
            Input is too long for requested model.                                       | false
            -                                                                            | false
            """)
    void recognisesPayloadTooLarge(String message, boolean expected) {
        assertThat(RejectionParser.isPayloadTooLarge(message)).isEqualTo(expected);
    }
}
