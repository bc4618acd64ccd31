package mock

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/awssec/awssec/interview/exercise"
)

// snippet is code with planted vulnerabilities and its answer key.
type snippet struct {
	name, language, code string
	key                  []flaw
}

// flaw is one planted vulnerability: its line, its CWE, and a token of
// that line (the tests check the key against the code).
type flaw struct {
	line  int
	cwe   int
	token string
	what  string
}

var pythonSnippet = snippet{name: "invoice_service.py", language: "Python", code: `import hashlib
import os
import pickle
import sqlite3
import subprocess

import requests
from flask import Flask, request, send_file

app = Flask(__name__)
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@app.route("/invoice")
def invoice():
    customer = request.args["customer"]
    db = sqlite3.connect("billing.db")
    rows = db.execute("SELECT * FROM invoices WHERE customer = '" + customer + "'")
    return {"invoices": rows.fetchall()}


@app.route("/download")
def download():
    name = request.args["file"]
    return send_file(os.path.join("/srv/invoices", name))


@app.route("/preview")
def preview():
    url = request.args["url"]
    return requests.get(url, timeout=5).text


@app.route("/convert", methods=["POST"])
def convert():
    fmt = request.form["format"]
    subprocess.run("convert invoice.pdf invoice." + fmt, shell=True)
    return "ok"


@app.route("/import", methods=["POST"])
def import_state():
    state = pickle.loads(request.data)
    return {"imported": len(state)}


def password_hash(password):
    return hashlib.md5(password.encode()).hexdigest()
`, key: []flaw{
	{11, 798, "AWS_SECRET_ACCESS_KEY", "a hard-coded AWS secret key"},
	{18, 89, "SELECT", "SQL built by concatenating request input"},
	{25, 22, "os.path.join", "path traversal: the file name is not confined to the directory"},
	{31, 918, "requests.get", "server-side request forgery: fetches any URL, the metadata service included"},
	{37, 78, "shell=True", "OS command injection through the format"},
	{43, 502, "pickle.loads", "deserialization of untrusted data"},
	{48, 916, "md5", "a fast, unsalted hash for passwords"},
}}

var javaSnippet = snippet{name: "ReportController.java", language: "Java", code: `package com.acme.reports;

import java.io.*;
import java.security.MessageDigest;
import java.sql.*;
import java.util.Random;
import javax.servlet.http.*;
import javax.xml.parsers.DocumentBuilderFactory;

public class ReportController extends HttpServlet {
    private Connection db;

    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String id = req.getParameter("id");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT body FROM reports WHERE id = " + id);
        resp.getWriter().println("<h1>Report " + id + "</h1>");
        String token = Long.toString(new Random().nextLong());
        resp.addCookie(new Cookie("session", token));
    }

    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder().parse(req.getInputStream());
        ObjectInputStream in = new ObjectInputStream(req.getInputStream());
        Object report = in.readObject();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        Runtime.getRuntime().exec("lpr " + req.getParameter("printer"));
    }
}
`, key: []flaw{
	{16, 89, "executeQuery", "SQL injection through the id"},
	{17, 79, "println", "reflected cross-site scripting: the id is written into HTML unescaped"},
	{18, 338, "new Random()", "a predictable random number for a session token"},
	{24, 611, "parse", "XML external entities: the parser does not disable DTDs"},
	{26, 502, "readObject", "deserialization of untrusted data"},
	{27, 327, "SHA-1", "a broken hash algorithm"},
	{28, 78, "exec", "OS command injection through the printer name"},
}}

// reviewLine reads "LINE CWE-NNN [note]" (or "LINE NNN", "LINE: CWE-NNN").
var reviewLine = regexp.MustCompile(`(?i)^\s*(?:line\s*)?(\d+)\s*[:,-]?\s*(?:cwe[\s-]*(\d+))?`)

// gradeCodeReview scores findings against the key: a flaw found at its
// line (one line either way accepted) scores half; with its CWE, full.
func gradeCodeReview(s snippet, answer string) *exercise.Result {
	type claim struct{ line, cwe int }
	var claims []claim
	for _, l := range strings.Split(answer, "\n") {
		m := reviewLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		cwe, _ := strconv.Atoi(m[2])
		claims = append(claims, claim{line, cwe})
	}
	// Each claim counts once: exact lines are matched first, then a line
	// either way, so one finding cannot earn credit for two flaws.
	used := make([]bool, len(claims))
	credit := make([]float64, len(s.key))
	for _, slack := range []int{0, 1} {
		for i, f := range s.key {
			if credit[i] > 0 {
				continue
			}
			best, at := 0.0, -1
			for j, c := range claims {
				if used[j] || c.line < f.line-slack || c.line > f.line+slack {
					continue
				}
				score := 0.5
				if c.cwe == f.cwe {
					score = 1
				}
				if score > best {
					best, at = score, j
				}
			}
			if at >= 0 {
				used[at], credit[i] = true, best
			}
		}
	}
	r := &exercise.Result{}
	points := 0.0
	for i, f := range s.key {
		best := credit[i]
		points += best
		ch := exercise.Check{Name: fmt.Sprintf("%s line %d: %s", s.name, f.line, f.what), OK: best == 1}
		switch best {
		case 0:
			ch.Detail = fmt.Sprintf("missed (CWE-%d)", f.cwe)
		case 0.5:
			ch.Detail = fmt.Sprintf("found, but it is CWE-%d (half credit)", f.cwe)
		}
		r.Checks = append(r.Checks, ch)
	}
	r.Score = points / float64(len(s.key))
	r.Passed = r.Score == 1
	return r
}

// numbered prints code with line numbers, as a reviewer reads it.
func numbered(code string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(code, "\n"), "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}
