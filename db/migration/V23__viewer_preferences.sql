-- Each signed-in user's choices for the pages, kept with the service rather than in one browser:
-- the time zone times are shown in (a region such as Europe/Berlin, or UTC). A user without a row
-- sees UTC. Shared demo accounts keep theirs in a cookie instead, so one visitor's choice is not
-- every visitor's. user_name is the name the user signs in with (OIDC: the provider's name claim).
-- Portable across H2, MariaDB/MySQL and PostgreSQL.
CREATE TABLE viewer_preference (
    user_name        VARCHAR(255)  NOT NULL,
    time_zone        VARCHAR(64)   NOT NULL,
    updated_at       BIGINT        NOT NULL,
    CONSTRAINT viewer_preference_pk PRIMARY KEY (user_name)
);
