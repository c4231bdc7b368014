package dev.ccag.gateway.proxy;

import dev.ccag.gateway.bedrock.BedrockEndpoints;
import dev.ccag.gateway.bedrock.BedrockErrorMapper;
import dev.ccag.gateway.bedrock.BedrockHttpClient;
import dev.ccag.gateway.bedrock.BetaPolicy;
import dev.ccag.gateway.bedrock.LearnedRejections;
import dev.ccag.gateway.bedrock.ModelCatalog;
import dev.ccag.gateway.bedrock.RequestTranslator;
import dev.ccag.gateway.budget.BudgetTracker;
import dev.ccag.gateway.budget.CostEstimator;
import dev.ccag.gateway.config.CcagProperties;
import dev.ccag.gateway.pricing.PriceBook;
import dev.ccag.gateway.keys.Authenticator;
import dev.ccag.gateway.observe.ExchangeObserver;
import dev.ccag.gateway.observe.ProxyMetrics;
import dev.ccag.gateway.notify.RateLimitStormDetector;
import dev.ccag.gateway.pool.EndpointRegistry;
import dev.ccag.gateway.pool.PoolProperties;
import dev.ccag.gateway.ratelimit.RateLimiter;
import dev.ccag.gateway.usage.UsageRecorder;
import dev.ccag.gateway.websearch.WebSearchProperties;
import dev.ccag.gateway.websearch.WebSearchStep;
import dev.ccag.gateway.websearch.WebSearcher;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Assembles the proxy pipeline. The order of the steps below is the order a request takes. */
@Configuration(proxyBeanMethods = false)
public class ProxyConfiguration {

    @Bean
    ApiEntry apiEntry(CcagProperties props, Authenticator authenticator,
            ModelCatalog catalog, BetaPolicy betas, LearnedRejections learned,
            BedrockHttpClient client, Heartbeats heartbeats, ProxyMetrics metrics, UsageRecorder usageRecorder,
            RateLimiter rateLimiter, RateLimitStormDetector stormDetector, BudgetTracker budgets, PriceBook prices,
            WebSearcher webSearcher, WebSearchProperties webSearch, EndpointRegistry pool, PoolProperties poolProps,
            io.micrometer.core.instrument.MeterRegistry registry, @Value("${ccag.access-log:true}") boolean accessLog) {
        ObjectMapper mapper = JsonMapper.builder().build();
        BodyMemory bodyMemory = new BodyMemory(props.proxy().maxBodyMemory().toBytes(), props.proxy().bodyMemoryWait(), registry);
        ErrorResponses errors = new ErrorResponses(mapper);
        BedrockErrorMapper errorMapper = new BedrockErrorMapper();
        // The ledger settles each exchange before the client sees it answered; metrics and the access log follow.
        OutcomeStep outcome = new OutcomeStep(errors, List.of(usageRecorder), List.of(new ExchangeObserver(metrics, accessLog)));
        AuthenticateStep authenticate = new AuthenticateStep(authenticator);
        TranslateStep translate = new TranslateStep(new RequestTranslator(betas, mapper), learned, metrics);
        StreamRelay relay = new StreamRelay(mapper, errorMapper, errors, heartbeats, metrics);
        UpstreamCall upstreamCall = new UpstreamCall(client, errorMapper, learned, translate, mapper, metrics, pool, poolProps.maxAttempts());
        ToolLoopSupport toolLoops = new ToolLoopSupport(upstreamCall, translate::translate, errors, heartbeats, mapper);

        ProxyPipeline modelCalls = new ProxyPipeline(List.of(
                outcome,                                             // errors to the client, metrics, access log
                authenticate,                                        // key -> principal
                new ReadBodyStep(mapper, props.proxy().maxBodyBytes(), bodyMemory), // 20 MB limit, memory bound, JSON
                new SelectEndpointStep(pool),                        // which Bedrock endpoints, each with its model id
                new ResolveModelStep(),                              // the key's model grant
                new AdmitStep(rateLimiter, stormDetector, budgets, new CostEstimator(prices)), // budgets, rate limits: reserve, 429, headers
                new WebSearchStep(toolLoops, mapper, webSearcher, errorMapper, webSearch.maxIterations()), // server tool -> gateway-run loop
                translate,                                           // Anthropic body -> Bedrock body
                new InvokeBedrockStep(upstreamCall, relay, mapper)));  // call + relay
        ProxyPipeline modelListing = new ProxyPipeline(List.of(outcome, authenticate, new ListModelsStep(catalog, mapper)));

        return new ApiEntry(modelCalls, modelListing, errors);
    }

    @Bean
    FilterRegistrationBean<ProxyFilter> proxyFilter(ApiEntry entry) {
        FilterRegistrationBean<ProxyFilter> registration = new FilterRegistrationBean<>(new ProxyFilter(entry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        registration.setName("ccagProxy");
        return registration;
    }

    @Bean
    ModelCatalog modelCatalog(CcagProperties props) throws IOException {
        if (props.bedrock().modelsFile() == null || props.bedrock().modelsFile().isBlank()) {
            return ModelCatalog.loadDefault();
        }
        try (InputStream defaults = resource("ccag/bedrock-models.yaml");
                InputStream overrides = operatorFile(props.bedrock().modelsFile(), "ccag.bedrock.models-file")) {
            return ModelCatalog.load(defaults, overrides);
        }
    }

    @Bean
    BetaPolicy betaPolicy(CcagProperties props) throws IOException {
        if (props.bedrock().betasFile() == null || props.bedrock().betasFile().isBlank()) {
            return BetaPolicy.loadDefault();
        }
        try (InputStream defaults = resource("ccag/bedrock-betas.yaml");
                InputStream overrides = operatorFile(props.bedrock().betasFile(), "ccag.bedrock.betas-file")) {
            return BetaPolicy.load(defaults, overrides);
        }
    }

    @Bean
    LearnedRejections learnedRejections(CcagProperties props) {
        return new LearnedRejections(props.bedrock().learnedRejectionTtl(), Clock.systemUTC());
    }

    @Bean
    BedrockEndpoints bedrockEndpoints(CcagProperties props) {
        return BedrockEndpoints.fromConfig(props.bedrock(), System.getenv());
    }

    @Bean(destroyMethod = "close")
    BedrockHttpClient bedrockHttpClient(CcagProperties props) {
        return new BedrockHttpClient(props.proxy().connectTimeout(), props.proxy().responseTimeout(), props.proxy().maxConnections());
    }

    @Bean(destroyMethod = "close")
    Heartbeats heartbeats(CcagProperties props) {
        return new Heartbeats(props.proxy().pingInterval());
    }

    @Bean
    ProxyMetrics proxyMetrics(MeterRegistry registry) {
        return new ProxyMetrics(registry);
    }

    private static InputStream resource(String name) {
        InputStream in = ProxyConfiguration.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("missing resource " + name);
        return in;
    }

    private static InputStream operatorFile(String file, String key) throws IOException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(key + ": cannot read " + file);
        }
        return Files.newInputStream(path);
    }
}
