"""Vietnamese language knowledge kept as data (places, header vocabulary), each table tested."""
