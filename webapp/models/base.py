"""Small helpers shared by the table modules."""


def owned_children(order_by: str, *, lazy: str = "selectin") -> dict:
    """Relationship settings for child rows owned by a parent and deleted with it.

    `selectin` loads them in one extra query together with the parent (use it when they are always shown);
    `select` loads them only when first touched (use it when most pages never look at them).
    """
    return {"lazy": lazy, "order_by": order_by, "cascade": "all, delete-orphan"}
