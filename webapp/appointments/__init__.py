"""Appointments: propose, answer (confirm, decline, another time), change, cancel; reminders; calendar files."""
