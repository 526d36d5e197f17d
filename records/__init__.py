"""What conversations leave behind for staff: contact requests, feedback, unanswered questions."""
