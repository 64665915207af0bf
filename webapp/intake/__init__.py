"""Starting with a new family (gezin aanmelden, the first plan) and handing a family to another regisseur."""
