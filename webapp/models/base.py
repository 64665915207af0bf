"""Small helpers shared by the table modules."""


def owned_children(order_by: str) -> dict:
    """Relationship settings for child rows owned by a parent: loaded in one extra query, deleted with the parent."""
    return {"lazy": "selectin", "order_by": order_by, "cascade": "all, delete-orphan"}
