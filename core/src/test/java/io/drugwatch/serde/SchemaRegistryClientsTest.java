package io.drugwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.Arrest;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

    private final SchemaRegistryClients clients = new SchemaRegistryClients();

    @Test
    void mockScopesAreSharedWithinAnInstanceOnly() {
        SchemaRegistryClient a = clients.forUrl("mock://pipeline");
        a.register("arrests-value", Arrest.getClassSchema());

        assertThat(clients.forUrl("mock://pipeline")).isSameAs(a);
        assertThat(clients.forUrl("mock://other")).isNotSameAs(a).isInstanceOf(InMemorySchemaRegistry.class);
        assertThat(clients.forUrl("mock://").versions("arrests-value")).isEmpty();
        assertThat(new SchemaRegistryClients().forUrl("mock://pipeline").versions("arrests-value"))
                .isEmpty();
    }

    @Test
    void httpClientsAreCachedPerUrlAndAListUsesTheFirst() {
        SchemaRegistryClient client = clients.forUrl("http://registry-1:8081");

        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        assertThat(clients.forUrl(" http://registry-1:8081/ , http://registry-2:8081"))
                .isSameAs(client);
        assertThat(((HttpSchemaRegistryClient) clients.forUrl("https://registry-2:8081")).baseUrl())
                .isEqualTo("https://registry-2:8081");
    }

    @Test
    void rejectsOtherUrlsWithOneLineMessages() {
        assertThatThrownBy(() -> clients.forUrl("registry:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unsupported schema registry URL 'registry:8081'; expected mock://<scope> or http(s)://host:port");
        assertThatThrownBy(() -> clients.forUrl(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clients.forUrl("mock://a,http://registry:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixes mock://");
    }
}
