package dev.ccag.gateway.bedrock;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * One Bedrock Runtime endpoint: where to send, how to sign, which inference profiles to use.
 * The client layer takes an endpoint per call, so a pool of them can sit in front later.
 */
public record BedrockEndpoint(String name, String region, URI baseUri, AwsCredentialsProvider credentials, EndpointProfile profile) {}
