"""'Ik voel me niet veilig': a young person's urgent message to her regisseur, with the crisis numbers."""
