"""Pure `Document -> Document` stages, in pipeline order."""
