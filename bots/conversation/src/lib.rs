//! Conversation layer.
