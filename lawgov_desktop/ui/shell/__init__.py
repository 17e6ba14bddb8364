"""The application shell: start-up, session, main window, actions, jobs, settings."""
