class DomainError(Exception):
    """A business rule refused an action. The message is translated and shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
