package io.shardlake.app.demo;

import java.util.List;

/** Words the demo rows are made of, with accents, non-Latin scripts, emoji and quotes on purpose. */
final class DemoVocabulary {

    static final List<String> FIRST_NAMES = List.of(
            "Ana", "João", "Zoë", "Ólafur", "Mía", "Léa", "Jürgen", "Siobhán", "Chloé", "Kenji",
            "Ελένη", "李", "Олег", "Priya", "Noah", "Fatma", "Luís", "Maëlle", "Björn", "Amélie");
    static final List<String> LAST_NAMES = List.of(
            "Silva", "Souza", "Müller", "O'Brien", "García", "Nakamura", "Øvergaard", "Dubois", "Łukasik",
            "Smith", "Παπαδόπουλος", "雷", "Иванов", "Patel", "Yılmaz", "Costa", "van der Berg", "Ng");
    static final List<String> COUNTRIES = List.of("BR", "US", "DE", "FR", "PT", "JP", "IN", "GR", "ES", "IE");
    static final List<String> TIERS = List.of("bronze", "silver", "gold", "platinum");
    static final List<String> CHANNELS = List.of("web", "ios", "android", "store", "phone");
    static final List<String> CURRENCIES = List.of("BRL", "USD", "EUR");
    static final List<String> ORDER_STATUSES = List.of("pending", "paid", "shipped", "delivered", "cancelled", "refunded");
    static final List<String> NOTES = List.of(
            "Entregar após às 18h", "Geschenk 🎁 bitte einpacken", "请尽快发货", "Leave at the door — thanks!",
            "Customer said \"rush\"", "Appel avant livraison", "Fragile: vidro", "Back-ordered item",
            "Tab\tand newline\nin a note", "¡Urgente!");
    static final List<String> REFERRERS = List.of("newsletter", "search", "friend", "podcast", "instagram", "partner");
    static final List<String> LANGUAGES = List.of("pt-BR", "en-US", "de-DE", "fr-FR", "ja-JP");
    static final List<String> COMMENTS = List.of(
            "Ótimo 👍", "Muito bom", "Não gostei 😞", "Tudo certo", "Excellent service", "C'est parfait",
            "Could be \"faster\"", "最高でした", "");
    static final List<String> SITES = List.of("Plant A", "Plant B", "Depot Norte", "Warehouse 7", "Büro Köln");
    static final List<String> HAZARDS = List.of("noise", "dust", "heat", "chemicals", "forklifts", "height");
    static final List<String> EVENTS = List.of("Kick-off 2027", "Tech Day", "Café & Code", "Open House");
    static final List<String> DIETARY = List.of("vegetarian", "vegan", "gluten-free", "halal", "kosher", "none");
    static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
    static final List<String> BEST_TIMES = List.of("morning", "afternoon", "evening");

    private DemoVocabulary() {
    }
}
