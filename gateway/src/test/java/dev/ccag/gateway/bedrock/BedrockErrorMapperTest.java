package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.anthropic.ApiError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BedrockErrorMapperTest {
    private static final BedrockErrorMapper MAPPER = new BedrockErrorMapper();
    private static final String AMZN = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # Bedrock status | x-amzn-ErrorType                  | message                                        | status | type                  | retry-after | client message
            400 | ValidationException                          | messages.0.content: Field required                 | 400 | invalid_request_error | -  | messages.0.content: Field required
            400 | ValidationException                          | Input is too long for requested model.             | 400 | invalid_request_error | -  | prompt is too long: Input is too long for requested model.
            400 | ValidationException                          | messages: prompt is too long: 215030 tokens > 200000 maximum | 400 | invalid_request_error | - | prompt is too long: 215030 tokens > 200000 maximum
            400 | ValidationException                          | input length and `max_tokens` exceed context limit: 1 + 2 > 2 | 400 | invalid_request_error | - | input length and `max_tokens` exceed context limit: 1 + 2 > 2
            400 | ValidationException                          | The request payload size exceeds the maximum       | 413 | request_too_large     | -  | The request payload size exceeds the maximum
            413 | -                                            | -                                                  | 413 | request_too_large     | -  | The request is larger than Amazon Bedrock accepts
            400 | ServiceQuotaExceededException                | Too many tokens per day                            | 429 | rate_limit_error      | 5  | Too many tokens per day
            400 | ConflictException                            | conflict                                           | 400 | invalid_request_error | -  | conflict
            403 | AccessDeniedException                        | -                                                  | 403 | permission_error      | -  | Amazon Bedrock denied access to the model
            404 | ResourceNotFoundException                    | Model not found                                    | 404 | not_found_error       | -  | Model not found
            408 | ModelTimeoutException                        | slow                                               | 504 | timeout_error         | -  | slow
            424 | ModelErrorException                          | boom                                               | 500 | api_error             | -  | boom
            429 | ThrottlingException                          | Too many requests, please wait before trying again. | 429 | rate_limit_error     | 5  | Too many requests, please wait before trying again.
            429 | ModelNotReadyException                       | -                                                  | 529 | overloaded_error      | 10 | The model is not ready on Amazon Bedrock
            500 | InternalServerException                      | -                                                  | 500 | api_error             | -  | Amazon Bedrock had an internal error
            503 | ServiceUnavailableException                  | down                                               | 529 | overloaded_error      | 10 | down
            403 | UnrecognizedClientException                  | The security token included in the request is invalid. | 500 | api_error      | -  | The gateway could not authenticate to Amazon Bedrock
            403 | InvalidSignatureException                    | Signature expired                                  | 500 | api_error             | -  | The gateway could not authenticate to Amazon Bedrock
            403 | ExpiredTokenException                        | expired                                            | 500 | api_error             | -  | The gateway could not authenticate to Amazon Bedrock
            403 | MissingAuthenticationTokenException          | missing                                            | 500 | api_error             | -  | The gateway could not authenticate to Amazon Bedrock
            400 | IncompleteSignatureException                 | incomplete                                         | 500 | api_error             | -  | The gateway could not authenticate to Amazon Bedrock
            502 | BrandNewException                            | odd                                                | 500 | api_error             | -  | odd
            418 | BrandNewException                            | odd                                                | 400 | invalid_request_error | -  | odd
            429 | -                                            | -                                                  | 429 | rate_limit_error      | 5  | Amazon Bedrock is throttling requests
            503 | -                                            | -                                                  | 529 | overloaded_error      | 10 | Amazon Bedrock is unavailable
            502 | -                                            | -                                                  | 500 | api_error             | -  | Amazon Bedrock failed
            403 | AccessDeniedException                        | User: arn:aws:sts::123456789012:assumed-role/BedrockRole/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-7 | 403 | permission_error | - | User: <arn> is not authorized to perform: bedrock:InvokeModel on resource: <arn>
            404 | ResourceNotFoundException                    | Account 123456789012 key AKIAABCDEFGHIJKLMNOP has no access | 404 | not_found_error | - | Account <account> key <access-key> has no access
            """)
    void mapsInitialErrors(int status, String errorType, String message, int expectedStatus, String expectedType,
                           Integer retryAfter, String expectedMessage) {
        // Real headers carry a suffix after the name; both spellings must map the same.
        for (String header : errorType == null ? new String[] {null} : new String[] {errorType, errorType + AMZN}) {
            ApiError e = MAPPER.fromInitial(status, header, message);
            assertThat(e).isEqualTo(new ApiError(expectedStatus, expectedType, expectedMessage, retryAfter));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            throttlingException          | slow down                                | 429 | rate_limit_error      | 5  | slow down
            validationException          | bad                                      | 400 | invalid_request_error | -  | bad
            validationException          | Input is too long for requested model.   | 400 | invalid_request_error | -  | prompt is too long: Input is too long for requested model.
            modelStreamErrorException    | -                                        | 500 | api_error             | -  | The model failed on Amazon Bedrock
            modelTimeoutException        | late                                     | 504 | timeout_error         | -  | late
            internalServerException      | oops                                     | 500 | api_error             | -  | oops
            serviceUnavailableException  | -                                        | 529 | overloaded_error      | 10 | Amazon Bedrock is unavailable
            somethingNewException        | arn:aws:bedrock:us-east-1:123456789012:x  | 500 | api_error             | -  | <arn>
            """)
    void mapsMidStreamExceptions(String type, String message, int status, String errorType, Integer retryAfter, String expected) {
        assertThat(MAPPER.fromStreamException(type, message)).isEqualTo(new ApiError(status, errorType, expected, retryAfter));
    }
}
