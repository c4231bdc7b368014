package dev.ccag.gateway.bedrock;

import java.util.regex.Pattern;

/**
 * Removes AWS account details from Bedrock's messages before a client sees them: Bedrock names
 * roles, profiles and accounts in AccessDenied and ResourceNotFound texts. The original goes to the log.
 */
public final class AccountRedactor {
    private static final Pattern ARN = Pattern.compile("arn:aws[\\w-]*:[^\\s\"']+");
    private static final Pattern ACCESS_KEY = Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<!\\d)\\d{12}(?!\\d)");

    private AccountRedactor() {}

    public static String redact(String message) {
        if (message == null || message.isEmpty()) return message;
        String out = message;
        if (out.contains("arn:aws")) out = ARN.matcher(out).replaceAll("<arn>");
        if (out.contains("AKIA") || out.contains("ASIA")) out = ACCESS_KEY.matcher(out).replaceAll("<access-key>");
        return ACCOUNT_ID.matcher(out).replaceAll("<account>");
    }
}
