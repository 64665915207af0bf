"""'Hulp nodig?': crisis numbers and the vertrouwenspersoon, one tap away on every page, also without login."""
