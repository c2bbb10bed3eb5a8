package io.shardlake.transforms.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.json.JsonPathOffers.OfferedPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathOffersTest {

    @Test
    void offersScalarPathsWithTypesAndArraysAsTheirLength() {
        List<OfferedPath> offers = JsonPathOffers.offer(List.of(
                "{\"customer\":{\"tier\":\"gold\",\"country\":\"BR\"},\"channel\":\"web\",\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}],"
                        + "\"amount\":12.5,\"count\":3,\"gift\":true}"));

        assertThat(offers).containsExactly(
                new OfferedPath("$.customer.tier", "string", "value", "customer_tier", "gold"),
                new OfferedPath("$.customer.country", "string", "value", "customer_country", "BR"),
                new OfferedPath("$.channel", "string", "value", "channel", "web"),
                new OfferedPath("$.items", "int", "length", "items", "2"),
                new OfferedPath("$.amount", "double", "value", "amount", "12.5"),
                new OfferedPath("$.count", "bigint", "value", "count", "3"),
                new OfferedPath("$.gift", "boolean", "value", "gift", "true"));
    }

    @Test
    void mergesDocumentsWideningDisagreeingTypesAndSkippingMalformedOnes() {
        List<OfferedPath> offers = JsonPathOffers.offer(List.of(
                "{\"n\":1,\"mixed\":1,\"late\":null}",
                "not json {",
                "{\"n\":2.5,\"mixed\":\"x\",\"late\":\"now\",\"new\":false}"));

        assertThat(offers).extracting(OfferedPath::path, OfferedPath::suggestedType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("$.n", "double"),
                org.assertj.core.groups.Tuple.tuple("$.mixed", "string"),
                org.assertj.core.groups.Tuple.tuple("$.late", "string"),
                org.assertj.core.groups.Tuple.tuple("$.new", "boolean"));
        assertThat(offers.get(2).example()).as("first non-null value").isEqualTo("now");
    }

    @Test
    void namesThatAreNotPlainAreBracketQuotedAndStillReadable() {
        List<OfferedPath> offers = JsonPathOffers.offer(List.of("{\"first name\":\"Ana\",\"1st\":1}"));

        assertThat(offers).extracting(OfferedPath::path).containsExactly("$['first name']", "$['1st']");
        assertThat(offers).extracting(OfferedPath::suggestedName).containsExactly("first_name", "f_1st");
        offers.forEach(o -> JsonPath.parse(o.path())); // every offer is a path the transforms accept
    }

    @Test
    void aDocumentThatIsNotAnObjectOffersNothing() {
        assertThat(JsonPathOffers.offer(List.of("[1,2]", "\"text\"", ""))).isEmpty();
    }
}
