"""Number and date formats where Django's own differ from Lithuanian usage."""
