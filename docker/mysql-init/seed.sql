-- A few rows per table for every shop database of docker-compose.yml, applied after demo/schema.sql.
-- Ids repeat across shards on purpose: the lake keys rows by (shard, id).
-- Times are relative to the first start, so the first run finds several recent date partitions.
-- One payload is truncated JSON, so the quarantine path shows up.

INSERT INTO customers (id, email, full_name, country, tier, is_active, signup_date, attributes, created_at, updated_at) VALUES
  (1, 'ana.1@example.com', 'Ana Souza', 'BR', 'gold', 1, UTC_DATE() - INTERVAL 30 DAY,
   '{"marketing_opt_in":true,"referrer":"newsletter"}', UTC_TIMESTAMP(3) - INTERVAL 30 DAY, UTC_TIMESTAMP(3) - INTERVAL 2 DAY),
  (2, 'zoe.2@example.com', 'Zoë Müller', 'DE', 'silver', 1, UTC_DATE() - INTERVAL 3 DAY,
   '{"marketing_opt_in":false,"referrer":"friend","preferred_language":"de-DE"}', UTC_TIMESTAMP(3) - INTERVAL 3 DAY, UTC_TIMESTAMP(3) - INTERVAL 1 DAY),
  (3, 'customer.3@example.com', '李 雷', NULL, 'bronze', 0, UTC_DATE() - INTERVAL 1 DAY,
   NULL, UTC_TIMESTAMP(3) - INTERVAL 1 DAY, UTC_TIMESTAMP(3));

INSERT INTO orders (id, customer_id, status, amount, currency, note, payload, created_at, updated_at) VALUES
  (1, 1, 'delivered', 29.97, 'BRL', NULL,
   '{"customer":{"tier":"gold","country":"BR"},"channel":"web","items":[{"sku":"SKU-123","qty":3,"price":9.99}]}',
   UTC_TIMESTAMP(3) - INTERVAL 2 DAY, UTC_TIMESTAMP(3) - INTERVAL 1 DAY),
  (2, 2, 'paid', 64.50, 'EUR', 'Geschenk 🎁 bitte einpacken',
   '{"customer":{"tier":"silver","country":"DE"},"channel":"ios","items":[{"sku":"SKU-007","qty":1,"price":49.50},{"sku":"SKU-042","qty":3,"price":5.00}]}',
   UTC_TIMESTAMP(3) - INTERVAL 1 DAY, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR),
  (3, 3, 'pending', 12.00, 'USD', 'Customer said "rush"',
   '{"customer":{"tier":"bronze","country":null},"channel":"android","items":[{"sku":"SKU-900","qty":2,"price":6.00}]}',
   UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)),
  (4, 1, 'pending', 9.99, 'BRL', 'Entregar após às 18h',
   '{"customer":{"tier":"gold","country":"BR"},"channel":"web","items":[{"sku":"SKU-1',
   UTC_TIMESTAMP(3), UTC_TIMESTAMP(3));

INSERT INTO form_submissions (id, form_id, submitted_by, answers, created_at, updated_at) VALUES
  (1, 1, 1, '{"q_satisfaction":4,"q_comment":"Ótimo 👍","q_recommend":true}',
   UTC_TIMESTAMP(3) - INTERVAL 2 DAY, UTC_TIMESTAMP(3) - INTERVAL 2 DAY),
  (2, 2, 2, '{"q_site":"Plant B","q_hazards":["noise","dust"],"q_signed_by":"Zoë"}',
   UTC_TIMESTAMP(3) - INTERVAL 1 DAY, UTC_TIMESTAMP(3)),
  (3, 1, 3, NULL, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3));
