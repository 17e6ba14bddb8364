"""The 概览 page: indicator cards and the month chart."""
