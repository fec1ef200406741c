-- Conversation state between two messages (a question the bot asked), per chat account.
CREATE TABLE dialogue (
    transport TEXT NOT NULL,
    external_id TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (transport, external_id)
);
