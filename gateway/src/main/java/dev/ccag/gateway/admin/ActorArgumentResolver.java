package dev.ccag.gateway.admin;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the authenticated {@link Actor} to any controller method that declares one. */
final class ActorArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request, WebDataBinderFactory binders) {
        Object actor = request.getAttribute(ActorInterceptor.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (actor == null) {
            throw ApiProblem.unauthorized("an API key is required");
        }
        return actor;
    }
}
