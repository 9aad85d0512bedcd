package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret. There is deliberately no namespace field: a resource can only read a Secret
 * from its own namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretKeyRef(
    @Required
        @Size(max = SchemaBounds.DNS_SUBDOMAIN_LENGTH)
        @Pattern(SchemaBounds.DNS_SUBDOMAIN)
        @JsonPropertyDescription("Name of the Secret.")
        String name,
    @Default(SecretKeyRef.DEFAULT_KEY)
        @Size(max = 253)
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key in the Secret's data that holds the token.")
        String key) {

  public static final String DEFAULT_KEY = "token";

  public String keyOrDefault() {
    return key == null || key.isEmpty() ? DEFAULT_KEY : key;
  }
}
